#!/usr/bin/env python3
"""Reference samples of River's synthetic streams (river.datasets.synth), for the C++ tests.

Run from anywhere (needs River 0.26.1):

    python3 tests/data/datasets/make_reference.py

Deterministic (every stream is seeded). For each case below it rewrites, next to itself,
``<case>.csv``: a header ``x0,...,x<d-1>,y`` then the first 200 samples of the stream, one per
line, features in River's key order. Floats are written with ``repr`` (the shortest text that
reads back to the same double), integers and booleans as integers, so the C++ side can compare
with ``==``. Cases named ``*_drift`` call ``generate_drift()`` after the first 100 samples.
tests/cpp/datasets/*_test.cpp rebuild each case by name with the same parameters.

It also writes ``python_rng.csv``: for a few seeds, a fixed script of ``random.Random(seed)``
calls (the ones River's generators use), one ``seed,call,value`` line per call, for
tests/cpp/datasets/detail/python_rng_test.cpp.
"""

import itertools
import warnings
import pathlib
import random

from river.datasets import synth

HERE = pathlib.Path(__file__).resolve().parent
N = 200


def cases():
    yield "sea_v0_s42", synth.SEA(variant=0, seed=42)
    yield "sea_v1_s7", synth.SEA(variant=1, seed=7)
    yield "sea_v2_s42_n01", synth.SEA(variant=2, noise=0.1, seed=42)
    yield "sea_v3_s123_n03", synth.SEA(variant=3, noise=0.3, seed=123)

    for f in range(10):
        yield f"agrawal_f{f}_s42", synth.Agrawal(classification_function=f, seed=42)
    yield "agrawal_f2_s7_bal", synth.Agrawal(classification_function=2, seed=7, balance_classes=True)
    yield "agrawal_f5_s42_p02", synth.Agrawal(classification_function=5, seed=42, perturbation=0.2)
    yield "agrawal_f9_s1_bal_p05", synth.Agrawal(
        classification_function=9, seed=1, balance_classes=True, perturbation=0.5
    )
    yield "agrawal_f3_sm5", synth.Agrawal(classification_function=3, seed=-5)
    yield "agrawal_f0_s42_drift", synth.Agrawal(classification_function=0, seed=42)

    yield "stagger_f0_s42", synth.STAGGER(classification_function=0, seed=42)
    yield "stagger_f1_s7_bal", synth.STAGGER(classification_function=1, seed=7, balance_classes=True)
    yield "stagger_f2_s1_bal", synth.STAGGER(classification_function=2, seed=1, balance_classes=True)
    yield "stagger_f0_s42_drift", synth.STAGGER(classification_function=0, seed=42)

    yield "hyperplane_s42", synth.Hyperplane(seed=42)
    yield "hyperplane_s7_d3", synth.Hyperplane(
        seed=7, n_features=3, n_drift_features=3, mag_change=0.1, noise_percentage=0.2, sigma=0.3
    )
    yield "hyperplane_s1_d2", synth.Hyperplane(
        seed=1, n_features=2, n_drift_features=0, noise_percentage=0.0
    )

    yield "led_s42", synth.LED(seed=42)
    yield "led_s112_n028", synth.LED(seed=112, noise_percentage=0.28)
    yield "led_s7_n01_irr", synth.LED(seed=7, noise_percentage=0.1, irrelevant_features=True)

    yield "led_drift_s112_n028_d4", synth.LEDDrift(
        seed=112, noise_percentage=0.28, irrelevant_features=True, n_drift_features=4
    )
    yield "led_drift_s7_d10", synth.LEDDrift(seed=7, irrelevant_features=True, n_drift_features=10)
    yield "led_drift_s1_noirr_d3", synth.LEDDrift(seed=1, noise_percentage=0.1, n_drift_features=3)

    yield "rbf_s42_s42", synth.RandomRBF(seed_model=42, seed_sample=42)
    yield "rbf_s42_s7_c4", synth.RandomRBF(
        seed_model=42, seed_sample=7, n_classes=4, n_features=4, n_centroids=20
    )
    yield "rbf_s1_s2_one", synth.RandomRBF(
        seed_model=1, seed_sample=2, n_classes=3, n_features=2, n_centroids=1
    )

    yield "rbf_drift_doc", synth.RandomRBFDrift(
        seed_model=42,
        seed_sample=42,
        n_classes=4,
        n_features=4,
        n_centroids=20,
        change_speed=0.87,
        n_drift_centroids=10,
    )
    yield "rbf_drift_s1_s2", synth.RandomRBFDrift(seed_model=1, seed_sample=2, change_speed=0.1)
    yield "rbf_drift_clamped", synth.RandomRBFDrift(
        seed_model=3, seed_sample=4, n_features=3, n_centroids=5, change_speed=0.3,
        n_drift_centroids=60,
    )

    yield "friedman_s42", synth.Friedman(seed=42)
    yield "friedman_s7", synth.Friedman(seed=7)
    yield "friedman_s0", synth.Friedman(seed=0)

    yield "friedman_drift_lea_s42", synth.FriedmanDrift(
        drift_type="lea", position=(50, 100, 150), seed=42
    )
    yield "friedman_drift_gra_s7", synth.FriedmanDrift(drift_type="gra", position=(60, 120), seed=7)
    yield "friedman_drift_gsg_s42", synth.FriedmanDrift(
        drift_type="gsg", position=(50, 120), transition_window=30, seed=42
    )
    yield "friedman_drift_gsg_s3_w0", synth.FriedmanDrift(
        drift_type="gsg", position=(40, 100), transition_window=0, seed=3
    )

    yield "cds_agrawal_s42", synth.ConceptDriftStream(position=100, width=50, seed=42)
    yield "cds_sea_s7", synth.ConceptDriftStream(
        stream=synth.SEA(variant=0, seed=1),
        drift_stream=synth.SEA(variant=3, noise=0.1, seed=2),
        position=50,
        width=10,
        seed=7,
    )
    yield "cds_sea_alpha45", synth.ConceptDriftStream(
        stream=synth.SEA(variant=0, seed=1),
        drift_stream=synth.SEA(variant=1, seed=1),
        position=100,
        seed=3,
        alpha=45.0,
    )
    yield "cds_sea_alpha1", synth.ConceptDriftStream(
        stream=synth.SEA(variant=0, seed=1),
        drift_stream=synth.SEA(variant=1, seed=1),
        position=100,
        seed=3,
        alpha=1.0,
    )
    yield "cds_nested", synth.ConceptDriftStream(
        stream=synth.ConceptDriftStream(
            stream=synth.SEA(variant=0, seed=1),
            drift_stream=synth.SEA(variant=1, seed=2),
            position=50,
            width=10,
            seed=1,
        ),
        drift_stream=synth.SEA(variant=2, seed=3),
        position=120,
        width=20,
        seed=2,
    )
    yield "cds_friedman", synth.ConceptDriftStream(
        stream=synth.Friedman(seed=1),
        drift_stream=synth.Friedman(seed=2),
        position=100,
        width=30,
        seed=3,
    )


def fmt(v):
    if isinstance(v, bool):
        return str(int(v))
    if isinstance(v, int):
        return str(v)
    return repr(float(v))


def samples(name, dataset):
    if name.endswith("_drift"):
        it = iter(dataset)
        first = list(itertools.islice(it, N // 2))
        dataset.generate_drift()
        return first + list(itertools.islice(it, N - N // 2))
    return list(itertools.islice(dataset, N))


RNG_SCRIPT = [
    ("random", lambda r: r.random()),
    ("randint_0_9", lambda r: r.randint(0, 9)),
    ("randint_20_80", lambda r: r.randint(20, 80)),
    ("uniform_0_10", lambda r: r.uniform(0, 10)),
    ("gauss_0_1", lambda r: r.gauss(0, 1)),
    ("gauss_0_1", lambda r: r.gauss(0, 1)),
    ("gauss_0_1", lambda r: r.gauss(0, 1)),
    ("randint_m5_5", lambda r: r.randint(-5, 5)),
    ("choice_01", lambda r: r.choice([0, 1])),
    ("getrandbits_1", lambda r: r.getrandbits(1)),
    ("gauss_3_2", lambda r: r.gauss(3.0, 2.0)),
    ("uniform_m1_1", lambda r: r.uniform(-1.0, 1.0)),
]


def write_rng():
    lines = ["seed,call,value"]
    for seed in (0, 42, -7, 2**40 + 3):
        rng = random.Random(seed)
        for _ in range(5):
            for call, draw in RNG_SCRIPT:
                lines.append(f"{seed},{call},{fmt(draw(rng))}")
    (HERE / "python_rng.csv").write_text("\n".join(lines) + "\n")


def main():
    warnings.simplefilter("ignore")  # RandomRBFDrift warns that it clamps n_drift_centroids
    write_rng()
    for name, dataset in cases():
        rows = samples(name, dataset)
        d = len(rows[0][0])
        lines = [",".join([f"x{i}" for i in range(d)] + ["y"])]
        for x, y in rows:
            lines.append(",".join([fmt(v) for v in x.values()] + [fmt(y)]))
        (HERE / f"{name}.csv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
