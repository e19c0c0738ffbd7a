# scikit-learn on the same time split as `mimic train` (issue 17): DHT22 readings of a
# `mimic generate iot` or `mimic query --format csv` file, sorted by time; train on the earliest
# (1 - 0.25 - 0.02), skip 2 %, test on the latest 25 %; StandardScaler fitted on the training rows;
# LogisticRegression with C = 1/(lambda * n_train) (mimic's lambda = 1e-4 on the mean loss) and
# KNeighborsClassifier(k = 5); RandomForestClassifier(100 trees, max_depth 8, one core, as mimic's
# forest); for mimic's svm, SGDClassifier(hinge, alpha = lambda, 5 epochs, averaged weights), the
# same objective as Pegasos (mean hinge loss + lambda/2 |w|^2, one class against the rest, steps
# 1/(alpha t); mimic averages over the last epoch, scikit-learn over every step), and LinearSVC with
# C = 1/(lambda * n_train) solved in the primal (dual=False: squared hinge; the dual solver did not
# finish in 12 minutes on 350,000 rows). Prints the test accuracy of each.
# Usage: python3 train-sklearn.py file.csv [model …]   (default: every model; svm-seeds: svm over 7 seeds)
import csv, sys, time
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.ensemble import RandomForestClassifier
from sklearn.svm import LinearSVC
from sklearn.linear_model import SGDClassifier

rows = [r for r in csv.DictReader(open(sys.argv[1], newline="")) if r["type"] == "DHT22" and r["temperature"] != "" and r["humidity"] != ""]
rows.sort(key=lambda r: float(r["timestamp"]))
n = len(rows)
n_test = round(n * 0.25)
n_gap = round(n * 0.02)
train, test = rows[: n - n_test - n_gap], rows[n - n_test :]
feats = lambda part: np.array([[float(r["temperature"]), float(r["humidity"])] for r in part])
X, Xt = feats(train), feats(test)
y, yt = np.array([r["device"] for r in train]), np.array([r["device"] for r in test])
s = StandardScaler().fit(X)
X, Xt = s.transform(X), s.transform(Xt)
models = [
    ("logreg", LogisticRegression(C=1 / (1e-4 * len(X)), max_iter=1000)),
    ("knn", KNeighborsClassifier(5)),
    ("forest", RandomForestClassifier(n_estimators=100, max_depth=8, n_jobs=1, random_state=42)),
    ("svm", SGDClassifier(loss="hinge", alpha=1e-4, max_iter=5, tol=None, average=True, random_state=42)),
    ("linearsvc", LinearSVC(C=1 / (1e-4 * len(X)), dual=False, max_iter=5000)),
]
# svm-seeds: the averaged SGD over the seeds of docs/analytics.md (the row order of its epochs).
models += [(f"svm-seed-{seed}", SGDClassifier(loss="hinge", alpha=1e-4, max_iter=5, tol=None, average=True, random_state=seed)) for seed in [42, 1, 2, 3, 4, 5, 6]]
wanted = sys.argv[2:]
for name, model in [m for m in models if (not wanted and "seed" not in m[0]) or m[0] in wanted or ("svm-seeds" in wanted and "seed" in m[0])]:
    t0 = time.time()
    model.fit(X, y)
    acc = float(np.mean(model.predict(Xt) == yt))
    print(f"{name}: accuracy {acc:.3f} ({time.time() - t0:.1f} s), train {len(X)}, test {len(Xt)}")
