#!/usr/bin/python3
"""Derive scenarios/data/england_icb_age_sex.csv from the ONS mid-2022 sub-ICB estimates.

Input: `Data/ICB Population estimates 2022.csv` of The-Strategy-Unit/paediatric_fracture_management
at commit aa8276423eba9b0a8213b874f35bc8671986de62 (source S1 of scenarios/data/README.md): one row
per sub-ICB location with single years of age 0 to 90+ by sex. Output: one row per ICB and sex
with the people of each single year of age, summed over the ICB's sub-ICB locations, keyed by the
ICB's ONS code so that it joins england_icbs.csv.

    /usr/bin/python3 scripts/derive_icb_age_sex.py SOURCE.csv scenarios/data/england_icb_age_sex.csv
"""
import csv
import sys


def main(source, target):
    ages = range(91)
    totals = {}
    with open(source, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            code = row["ICB 2023 Code"]
            listed = int(row["Total"])
            found = 0
            for sex in ("F", "M"):
                counts = totals.setdefault((code, sex), [0] * len(ages))
                for a in ages:
                    n = int(row[f"{sex}{a}"])
                    counts[a] += n
                    found += n
            if found != listed:
                sys.exit(f"{code}: ages sum to {found}, the row says {listed}")
    with open(target, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["icb_ons_code", "sex"] + [f"age_{a}" for a in ages])
        for (code, sex) in sorted(totals):
            out.writerow([code, sex] + totals[(code, sex)])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
