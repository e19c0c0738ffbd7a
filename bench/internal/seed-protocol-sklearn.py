# The seed's own classifiers and protocol in scikit-learn (issue 17, docs/analytics.md): DHT22
# readings' (temperature, humidity), unscaled, a shuffled 75/25 split, SVC(linear), SVC(rbf),
# KNeighborsClassifier(k = 2) and RandomForestClassifier(100 trees, max_depth 2), each scored on
# the shuffled test part and by 5-fold cross-validation on that test part (what the seed reported).
# Usage: python3 seed-protocol-sklearn.py file.csv
import csv, sys
import numpy as np
from sklearn.model_selection import train_test_split, cross_val_score
from sklearn.svm import SVC
from sklearn.neighbors import KNeighborsClassifier
from sklearn.ensemble import RandomForestClassifier

rows = [r for r in csv.DictReader(open(sys.argv[1], newline="")) if r["type"] == "DHT22" and r["temperature"] != "" and r["humidity"] != ""]
X = np.array([[float(r["temperature"]), float(r["humidity"])] for r in rows])
y = np.array([r["device"] for r in rows])
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=42)
models = {
    "svc linear": SVC(kernel="linear"),
    "svc rbf": SVC(kernel="rbf"),
    "knn k=2": KNeighborsClassifier(2),
    "forest 100x2": RandomForestClassifier(100, max_depth=2, random_state=42),
}
for name, m in models.items():
    acc = m.fit(Xtr, ytr).score(Xte, yte)
    cv = cross_val_score(m, Xte, yte, cv=5).mean()
    print(f"{name}: shuffled split {acc:.3f}, 5-fold CV on the test split {cv:.3f}", flush=True)
