# The pandas baseline of bench/analyze.bench.ts: what the seed's notebooks did, on the same CSV.
# Read, °C → °F, describe() per device and field, rolling means and stds (20 readings) per device,
# the mean by hour of local time. Prints the wall time of the whole in seconds.
import sys, time
t0 = time.perf_counter()
import pandas as pd

df = pd.read_csv(sys.argv[1], usecols=["device", "type", "timestamp", "temperature", "humidity"])
df = df[df["type"] == "DHT22"]
df["temperature"] = df["temperature"] * 9 / 5 + 32
df = df.sort_values(["device", "timestamp"])
desc = df.groupby("device")[["temperature", "humidity"]].describe()
g = df.groupby("device")[["temperature", "humidity"]]
rolling_mean = g.rolling(20).mean()
rolling_std = g.rolling(20).std()
local = pd.to_datetime(df["timestamp"], unit="s", utc=True).dt.tz_convert("America/New_York")
profile = df.groupby([df["device"], local.dt.hour])[["temperature", "humidity"]].mean()
out = desc.to_json() + rolling_mean.iloc[-1:].to_json() + rolling_std.iloc[-1:].to_json() + profile.to_json()
print(f"{time.perf_counter() - t0:.3f} {len(df)} {len(out)}")
