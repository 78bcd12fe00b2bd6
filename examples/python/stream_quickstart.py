#!/usr/bin/env python3
"""Reading data with streamwise.stream (River's readers): a CSV file, an array, a DataFrame.

    python3 examples/python/stream_quickstart.py
"""

import os
import tempfile

import numpy as np

from streamwise import linear_model, metrics, preprocessing, stream

ROWS = """temperature,humidity,weekday,sales
21.5,0.40,mon,120
23.0,0.35,tue,135
19.0,0.60,wed,101
25.5,0.30,thu,150
22.0,0.45,fri,128
"""


def main():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "sales.csv")
        with open(path, "w") as f:
            f.write(ROWS)
        # Values are str unless converted, as in River.
        model = preprocessing.StandardScaler() | linear_model.LinearRegression()
        mae = metrics.MAE()
        for x, y in stream.iter_csv(path, target="sales", drop=["weekday"],
                                    converters={"temperature": float, "humidity": float,
                                                "sales": float}):
            mae.update(y, model.predict_one(x))
            model.learn_one(x, y)
        print("iter_csv:", mae)

    X = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 0.5]])
    for x, y in stream.iter_array(X, np.array([True, False, True]), feature_names=["a", "b"]):
        print("iter_array:", x, y)

    import pandas as pd

    frame = pd.DataFrame({"a": [1, 2], "colour": ["red", "blue"]})
    for x, y in stream.iter_pandas(frame, pd.Series([0.5, 1.5])):
        print("iter_pandas:", x, y)


if __name__ == "__main__":
    main()
