#!/usr/bin/python3
"""Parity fixtures for LeanML's managed XGBoost evaluator, made by the reference: Python xgboost 1.7.4 (libxgboost).

Usage: /usr/bin/python3 make_fixtures.py DATASETS_DIR OUT_DIR

For each model NAME it writes into OUT_DIR:
  NAME.model.json  the booster saved by Booster.save_model("x.json") (XGBoost 1.7 JSON format)
  NAME.X.csv       the float32 feature matrix given to libxgboost (header = feature names, "nan" = missing;
                   categorical features hold their category code); extra rows at the end push unseen and
                   out-of-range category codes and random missing values through the trees
  NAME.pred.csv    libxgboost's Booster.predict for every row (num_class columns for multi:softprob)
The numbers are written with repr() of the float32 value, which round-trips exactly.
"""
import os
import sys

import numpy as np
import pandas as pd
import xgboost as xgb

datasets, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)


def f32(v):
    v = np.float32(v)
    return "nan" if np.isnan(v) else repr(float(v))


def save(name, booster, X, types, nclass_cols):
    booster.save_model(os.path.join(out, name + ".model.json"))
    X = np.asarray(X, dtype=np.float32)
    # Extra rows: 10% missing everywhere, and category codes outside what training saw.
    extra = X[rng.choice(len(X), size=min(500, len(X)), replace=False)].copy()
    extra[rng.random(extra.shape) < 0.1] = np.nan
    for j, t in enumerate(types):
        if t == "c":
            col = extra[:, j]
            pick = rng.random(len(col)) < 0.2
            col[pick] = rng.choice([np.float32(40), np.float32(200), np.float32(3)], size=pick.sum())
    X = np.vstack([X, extra])
    dm = xgb.DMatrix(X, feature_names=booster.feature_names, feature_types=types, enable_categorical=True, missing=np.nan)
    pred = booster.predict(dm)
    with open(os.path.join(out, name + ".X.csv"), "w") as fx:
        fx.write(",".join(booster.feature_names) + "\n")
        for row in X:
            fx.write(",".join(f32(v) for v in row) + "\n")
    with open(os.path.join(out, name + ".pred.csv"), "w") as fp:
        for p in pred.reshape(len(X), -1):
            fp.write(",".join(f32(v) for v in p) + "\n")
    assert pred.reshape(len(X), -1).shape[1] == nclass_cols


def encode(df, cat_cols):
    """Numeric columns as float32, categorical columns as pandas categories (codes = sorted category index)."""
    X = pd.DataFrame(index=df.index)
    types = []
    for c in df.columns:
        if c in cat_cols:
            X[c] = df[c].astype("category")
            types.append("c")
        else:
            X[c] = pd.to_numeric(df[c], errors="coerce").astype("float32")
            types.append("q")
    return X, types


def codes(X, types):
    return np.column_stack([
        X[c].cat.codes.replace(-1, np.nan).to_numpy(dtype=np.float32) if t == "c" else X[c].to_numpy(dtype=np.float32)
        for c, t in zip(X.columns, types)])


# Telco churn: categorical splits (enable_categorical), missing TotalCharges, binary:logistic.
telco = pd.read_csv(os.path.join(datasets, "telco-customer-churn/Telco-Customer-Churn.csv"))
y = (telco.pop("Churn") == "Yes").astype(int)
telco = telco.drop(columns=["customerID"])
cats = [c for c in telco.columns if telco[c].dtype == object and c != "TotalCharges"]
X, types = encode(telco, cats)
dm = xgb.DMatrix(X, label=y, enable_categorical=True)
b = xgb.train({"objective": "binary:logistic", "tree_method": "hist", "max_depth": 6, "eta": 0.1, "max_cat_to_onehot": 1,
               "seed": 1, "nthread": 1}, dm, num_boost_round=100)
save("telco", b, codes(X, types), types, 1)

# Bank marketing: numeric splits only (categories label-encoded as numbers), 10% missing, base_score 0.3.
bank = pd.read_csv(os.path.join(datasets, "bank-marketing/bank-full.csv"), sep=";")
y = (bank.pop("y") == "yes").astype(int)
for c in bank.columns:
    if bank[c].dtype == object:
        bank[c] = bank[c].astype("category").cat.codes
Xb = bank.to_numpy(dtype=np.float32)
Xb[rng.random(Xb.shape) < 0.1] = np.nan
dm = xgb.DMatrix(Xb, label=y, feature_names=list(bank.columns), missing=np.nan)
b = xgb.train({"objective": "binary:logistic", "max_depth": 5, "eta": 0.2, "base_score": 0.3, "seed": 1, "nthread": 1}, dm, num_boost_round=150)
save("bank", b, Xb, ["q"] * Xb.shape[1], 1)
b = xgb.train({"objective": "reg:logistic", "max_depth": 4, "eta": 0.2, "seed": 1, "nthread": 1}, dm, num_boost_round=40)
save("bank_reglogistic", b, Xb, ["q"] * Xb.shape[1], 1)

# Seattle weather: regression of temp_max and multiclass weather.
w = pd.read_csv(os.path.join(datasets, "vega-datasets/seattle-weather.csv"))
w["date"] = (pd.to_datetime(w["date"]) - pd.Timestamp("1970-01-01")).dt.days
yr = w["temp_max"].astype(float)
Xr, types = encode(w.drop(columns=["temp_max"]), ["weather"])
dm = xgb.DMatrix(Xr, label=yr, enable_categorical=True)
b = xgb.train({"objective": "reg:squarederror", "tree_method": "hist", "max_depth": 6, "eta": 0.1, "seed": 1, "nthread": 1}, dm, num_boost_round=120)
save("weather_reg", b, codes(Xr, types), types, 1)

classes = sorted(w["weather"].unique())
yc = w["weather"].map({c: i for i, c in enumerate(classes)})
Xc = w.drop(columns=["weather"]).astype("float32")
dm = xgb.DMatrix(Xc, label=yc)
b = xgb.train({"objective": "multi:softprob", "num_class": len(classes), "max_depth": 5, "eta": 0.2, "seed": 1, "nthread": 1}, dm, num_boost_round=60)
save("weather_multi", b, Xc.to_numpy(dtype=np.float32), ["q"] * Xc.shape[1], len(classes))
b = xgb.train({"objective": "multi:softmax", "num_class": len(classes), "max_depth": 5, "eta": 0.2, "seed": 1, "nthread": 1}, dm, num_boost_round=30)
save("weather_softmax", b, Xc.to_numpy(dtype=np.float32), ["q"] * Xc.shape[1], 1)

# Bank marketing with age as a categorical feature (77 codes): category sets listing codes of 31 and more, which the
# managed evaluator keeps as bit fields (smaller sets live in its nodes).
bw = pd.read_csv(os.path.join(datasets, "bank-marketing/bank-full.csv"), sep=";")
yw = (bw.pop("y") == "yes").astype(int)
Xw, types = encode(bw, [c for c in bw.columns if bw[c].dtype == object] + ["age"])
dm = xgb.DMatrix(Xw, label=yw, enable_categorical=True)
b = xgb.train({"objective": "binary:logistic", "tree_method": "hist", "max_depth": 5, "eta": 0.2, "max_cat_to_onehot": 1,
               "seed": 1, "nthread": 1}, dm, num_boost_round=60)
save("bank_wide_categories", b, codes(Xw, types), types, 1)

# A second, different Telco model on the same features (shallower, fewer trees): the hot-swap test tells the two
# models apart by their scores. Made last, so the extra rows of the fixtures above stay as they were.
telco = pd.read_csv(os.path.join(datasets, "telco-customer-churn/Telco-Customer-Churn.csv"))
y = (telco.pop("Churn") == "Yes").astype(int)
telco = telco.drop(columns=["customerID"])
X, types = encode(telco, [c for c in telco.columns if telco[c].dtype == object and c != "TotalCharges"])
b = xgb.train({"objective": "binary:logistic", "tree_method": "hist", "max_depth": 3, "eta": 0.3, "max_cat_to_onehot": 1,
               "seed": 2, "nthread": 1}, xgb.DMatrix(X, label=y, enable_categorical=True), num_boost_round=20)
save("telco_shallow", b, codes(X, types), types, 1)
