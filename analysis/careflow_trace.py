"""Read careflow HDF5 traces (layout: docs/trace-format.md) into pandas.

    import careflow_trace as ct
    run = ct.open_trace("baseline.h5")
    run.patients()        # one row per patient and replication, codes decoded
    run.by_system()       # England: one row per replication, care system and measure
    run.daily()           # daily means per unit and replication
    run.summary()         # every measure of every replication

    sweep = ct.open_sweep("sweep.h5")   # a careflow sweep (layout: docs/sweeps.md)
    sweep.results()       # one row per point and replication: factors, then every measure
    sweep.points()        # one row per point: factors, design columns, steady-state flags
    sweep.summary()       # per point: each measure's mean and 95% CI half-width
"""

import contextlib

import h5py
import numpy as np
import pandas as pd

FORMAT = "careflow-trace"
FORMAT_VERSION = 1
SWEEP_FORMAT = "careflow-sweep"
SWEEP_FORMAT_VERSION = 1


class TraceError(Exception):
    """A file that is not a careflow trace this module can read."""


def _open_hdf5(path, format_name, what):
    """Opens `path` for reading; a file that is not HDF5, or not of `format_name`, is a TraceError."""
    try:
        file = h5py.File(path, "r")
    except OSError as error:
        raise TraceError(f"{path}: not a readable HDF5 file ({error})") from None
    if file.attrs.get("format") != format_name:
        raise TraceError(f"{path}: not a careflow {what}")
    return file


def _decoded(attrs):
    return {k: (v.decode() if isinstance(v, bytes) else v) for k, v in attrs.items()}


def _strings(dataset):
    return [s.decode() if isinstance(s, bytes) else s for s in dataset[()]]


class Trace:
    def __init__(self, path):
        self.path = path
        self.file = _open_hdf5(path, FORMAT, "trace")
        attrs = self.file.attrs
        with self._reading("the file's attributes"):
            if int(attrs["format_version"]) != FORMAT_VERSION:
                raise TraceError(f"{path}: trace format version {attrs['format_version']}; "
                                 f"this reader reads version {FORMAT_VERSION}")
            self.attrs = _decoded(attrs)
            self.name = self.attrs["scenario_name"]
            self.replications = int(self.attrs["replications"])
            self.warmup_days = float(self.attrs["warmup_days"])
            self.days = float(self.attrs["days"])
        with self._reading("group 'codes'"):
            self.codes = {k: _strings(v) for k, v in self.file["codes"].items()}
        with self._reading("group 'replications'"):
            held = len(self.file["replications"])
        if self.replications < 1 or held != self.replications:
            raise TraceError(f"{path}: the file says {self.replications} replications "
                             f"but holds {held}")

    @contextlib.contextmanager
    def _reading(self, what):
        """Turns a damaged or missing part of the file into a TraceError naming it."""
        try:
            yield
        except TraceError:
            raise
        except (KeyError, ValueError, TypeError, IndexError, OSError) as error:
            raise TraceError(f"{self.path}: cannot read {what}: {error}") from None

    def _replication_groups(self):
        for r in range(self.replications):
            yield r, self.file["replications"][f"{r:05d}"]

    def has(self, table):
        group = self.file["replications"].get("00000")
        return group is not None and table in group

    def _table(self, table, decode):
        with self._reading(f"the {table} table"):
            frames = []
            for r, group in self._replication_groups():
                columns = {name: dataset[()] for name, dataset in group[table].items()}
                lengths = {len(values) for values in columns.values()}
                if len(lengths) > 1:
                    raise ValueError(f"replication {r:05d}: its columns differ in length")
                frame = pd.DataFrame(columns)
                frame.insert(0, "replication", r)
                frames.append(frame)
            frame = pd.concat(frames, ignore_index=True)
            for column, code in decode.items():
                frame[column] = pd.Categorical.from_codes(frame[column].astype(int), self.codes[code])
            return frame

    def summary(self):
        with self._reading("the measures"):
            names = _strings(self.file["measures"]["name"])
            units = _strings(self.file["measures"]["unit"])
            rows = []
            for r, group in self._replication_groups():
                values = group["summary"]["value"][()]
                if len(values) != len(names):
                    raise ValueError(f"replication {r:05d} has {len(values)} measures, "
                                     f"the file lists {len(names)}")
                for name, unit, value in zip(names, units, values):
                    rows.append((r, name, unit, value))
            return pd.DataFrame(rows, columns=["replication", "measure", "unit", "value"])

    def by_system(self):
        """A run of several care systems (England): one row per replication, care system and
        measure, with the care system's code, name and region."""
        with self._reading("the care systems' measures"):
            names = _strings(self.file["measures"]["name"])
            units = _strings(self.file["measures"]["unit"])
            codes = self.codes["system"]
            rows = []
            for r, group in self._replication_groups():
                values = group["by_system"]["value"][()].reshape(len(codes), len(names))
                for i, code in enumerate(codes):
                    for m, (name, unit) in enumerate(zip(names, units)):
                        rows.append((r, code, name, unit, values[i, m]))
            frame = pd.DataFrame(rows, columns=["replication", "system", "measure", "unit", "value"])
            regions = dict(zip(codes, self.codes["system_region"]))
            titles = dict(zip(codes, self.codes["system_name"]))
            frame.insert(2, "region", frame["system"].map(regions))
            frame.insert(2, "name", frame["system"].map(titles))
            return frame

    def patients(self):
        return self._table("patients", {"group": "group", "locality": "locality",
                                        "pathway": "pathway", "frailty": "frailty",
                                        "outcome": "outcome"})

    def daily(self):
        return self._table("daily", {"unit": "unit"})

    def events(self):
        frame = self._table("events", {"kind": "event_kind", "place": "outcome"})
        if "unit" in frame:  # -1 (in no unit: waiting for admission, at home, gone) picks the last name, "-"
            names = np.asarray(list(self.codes["unit"]) + ["-"], dtype=object)
            frame["unit"] = pd.Categorical(names[frame["unit"].to_numpy()], categories=names)
        return frame

    def patient_path(self, patient, replication=0):
        """A patient's way through the units, from the event log: one row per unit entered (an
        acute bed, each community unit in turn, "-" when they are in none), with when. The log is
        read once, at the first call."""
        if getattr(self, "_event_log", None) is None:
            self._event_log = self.events()
        events = self._event_log
        mine = events[(events.replication == replication) & (events.patient == patient)]
        moved = mine["unit"].astype(str) != mine["unit"].astype(str).shift()
        return mine[moved][["time_day", "kind", "unit", "place"]].reset_index(drop=True)


def open_trace(path):
    return Trace(path)


class Sweep:
    """A careflow sweep: the points table, every measure per point and replication, per-point
    summaries and the steady-state test of every point."""

    def __init__(self, path):
        self.path = path
        self.file = _open_hdf5(path, SWEEP_FORMAT, "sweep")
        attrs = self.file.attrs
        if int(attrs.get("format_version", -1)) != SWEEP_FORMAT_VERSION:
            raise TraceError(f"{path}: sweep format version {attrs.get('format_version')}; "
                             f"this reader reads version {SWEEP_FORMAT_VERSION}")
        if int(attrs.get("complete", 0)) != 1:
            raise TraceError(f"{path}: the sweep is not complete")
        self.attrs = _decoded(attrs)
        self.name = self.attrs["sweep_name"]
        self.design = self.attrs["design"]
        self.replications = int(self.attrs["replications"])
        self.factors = _strings(self.file["factors"]["name"])
        self.labels = dict(zip(self.factors, _strings(self.file["factors"]["label"])))
        self.measures = _strings(self.file["measures"]["name"])
        self.units = dict(zip(self.measures, _strings(self.file["measures"]["unit"])))
        self.steady_state_warning = self.attrs.get("steady_state_warning", "")

    def _column(self, group, name):
        data = self.file[group][name][()]
        if data.dtype == object:
            return [s.decode() if isinstance(s, bytes) else s for s in data]
        return data

    def points(self):
        group = self.file["points"]
        return pd.DataFrame({name: self._column("points", name) for name in group.keys()}).set_index("point")

    def results(self):
        """One row per point and replication: point, replication, the factors, every measure."""
        frame = pd.DataFrame({"point": self.file["results"]["point"][()],
                              "replication": self.file["results"]["replication"][()]})
        points = self.points()
        for factor in self.factors:
            frame[factor] = np.asarray(points[factor])[frame["point"].to_numpy()]
        for measure in self.measures:
            frame[measure] = self.file["results"][measure][()]
        return frame

    def summary(self):
        """Per point and measure: the mean over replications and its 95% CI half-width."""
        rows = []
        for measure in self.measures:
            means = self.file["summary"]["mean"][measure][()]
            half = self.file["summary"]["half_width"][measure][()]
            for point, (m, h) in enumerate(zip(means, half)):
                rows.append((point, measure, self.units[measure], m, h))
        return pd.DataFrame(rows, columns=["point", "measure", "unit", "mean", "ci_half_width"])


def open_sweep(path):
    return Sweep(path)
