#!/usr/bin/python3
"""Whether two careflow traces hold the same data, bit for bit: every dataset (values and dtype)
and every attribute but the two that name the run itself (created, command_line).

    /usr/bin/python3 scripts/same_datasets.py A.h5 B.h5     exit 0: identical; 1: they differ
"""
import sys

import h5py
import numpy as np

RUN_ONLY = {"created", "command_line"}


def walk(f):
    found = {}

    def visit(name, obj):
        found[name] = obj

    f.visititems(visit)
    return found


def differences(a_path, b_path):
    out = []
    with h5py.File(a_path, "r") as a, h5py.File(b_path, "r") as b:
        for key in set(a.attrs) | set(b.attrs):
            if key in RUN_ONLY:
                continue
            if key not in a.attrs or key not in b.attrs or np.any(a.attrs[key] != b.attrs[key]):
                out.append(f"attribute {key}")
        xs, ys = walk(a), walk(b)
        for name in sorted(set(xs) | set(ys)):
            if name not in xs or name not in ys:
                out.append(f"{name}: in one file only")
                continue
            x, y = xs[name], ys[name]
            if isinstance(x, h5py.Dataset):
                if not isinstance(y, h5py.Dataset) or x.dtype != y.dtype or x.shape != y.shape:
                    out.append(f"{name}: type or shape")
                elif h5py.check_string_dtype(x.dtype):
                    if list(x.asstr()[()]) != list(y.asstr()[()]):
                        out.append(f"{name}: values")
                elif x[()].tobytes() != y[()].tobytes():
                    out.append(f"{name}: values")
    return out, len(xs)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    diff, count = differences(sys.argv[1], sys.argv[2])
    for d in diff:
        print(d)
    print(f"{count} objects compared: {'identical' if not diff else f'{len(diff)} differ'}")
    sys.exit(1 if diff else 0)
