#!/usr/bin/python3
"""Two HDF5 files hold the same datasets, each with the same type, shape and bytes, and the same
groups and attributes, but for the attributes that say when and how a file was made.

    same_datasets.py A.h5 B.h5
"""
import sys

import h5py
import numpy as np

# Attributes that differ between two runs of the same answer: when, and the command line.
ALLOWED_TO_DIFFER = {"created", "command_line", "created_at", "wall_seconds"}


def items(path):
    found = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            attrs = {k: obj.attrs[k] for k in obj.attrs}
            if isinstance(obj, h5py.Dataset):
                found[name] = ("dataset", obj.dtype, obj.shape, obj[()], attrs)
            else:
                found[name] = ("group", None, None, None, attrs)
        f.visititems(visit)
        found["/"] = ("group", None, None, None, {k: f.attrs[k] for k in f.attrs})
    return found


def same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        if a.dtype == object:  # variable-length strings: compare the values, not their addresses
            return a.tolist() == b.tolist()
        return a.tobytes() == b.tobytes()
    return a == b


def differences(path_a, path_b):
    """What differs between the two files: [] when they are the same."""
    a, b = items(path_a), items(path_b)
    problems = []
    if sorted(a) != sorted(b):
        problems.append(f"different objects: only in A {sorted(set(a) - set(b))}, only in B {sorted(set(b) - set(a))}")
    datasets = 0
    for name in sorted(set(a) & set(b)):
        kind_a, dtype_a, shape_a, data_a, attrs_a = a[name]
        kind_b, dtype_b, shape_b, data_b, attrs_b = b[name]
        if kind_a != kind_b:
            problems.append(f"{name}: a {kind_a} in A, a {kind_b} in B")
            continue
        if kind_a == "dataset":
            datasets += 1
            if dtype_a != dtype_b or shape_a != shape_b or not same(data_a, data_b):
                problems.append(f"{name}: dataset differs ({dtype_a} {shape_a} against {dtype_b} {shape_b})")
        for key in sorted(set(attrs_a) | set(attrs_b)):
            if key in ALLOWED_TO_DIFFER:
                continue
            if key not in attrs_a or key not in attrs_b or not same(attrs_a[key], attrs_b[key]):
                problems.append(f"{name}: attribute {key} differs")
    if datasets == 0:
        problems.append("no dataset to compare")
    return problems


def main():
    problems = differences(sys.argv[1], sys.argv[2])
    if problems:
        sys.exit("\n".join(problems))
    print("every dataset identical")


if __name__ == "__main__":
    main()
