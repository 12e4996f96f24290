#!/usr/bin/python3
"""Summarises the output of compare_read.sh as a markdown table: per file and tool, the median (min-max)
wall-clock events/s, the median events per CPU second and the largest peak resident memory of the process
(/usr/bin/time maxrss, JVM or Python interpreter included).

  /usr/bin/python3 summarize_read.py compare_read.log
"""
import re
import statistics
import sys
from collections import defaultdict


def main(path):
    wall = defaultdict(list)
    cpu = defaultdict(list)
    rss = defaultdict(list)
    current = None
    for line in open(path):
        m = re.match(r"== round \d+, (\S+)", line)
        if m:
            current = m.group(1)
            continue
        m = re.match(r"read LHC Olympics.*?([\d,]+) events\s+([\d.]+) s\s+([\d,]+) events/s.*cpu ([\d.]+) s", line)
        if m:
            n = int(m.group(1).replace(",", ""))
            wall[current, "nphunt"].append(n / float(m.group(2)))
            cpu[current, "nphunt"].append(n / float(m.group(4)))
            continue
        m = re.match(r"(h5py|pandas\.read_hdf) \S+ \S+: (\d+) events in ([\d.]+) s .*?cpu ([\d.]+) s", line)
        if m:
            tool = "h5py" if m.group(1) == "h5py" else "pandas"
            n = int(m.group(2))
            wall[current, tool].append(n / float(m.group(3)))
            cpu[current, tool].append(n / float(m.group(4)))
            continue
        m = re.search(r"(Hdf5Benchmark|read_h5py\.py|read_pandas\.py).*:_maxrss_(\d+)_KiB", line)
        if m:
            tool = {"Hdf5Benchmark": "nphunt", "read_h5py.py": "h5py", "read_pandas.py": "pandas"}[m.group(1)]
            rss[current, tool].append(int(m.group(2)) / 1024)
    print("| file | tool | timed reads | events/s wall, median (min - max) | events per CPU-s, median | peak RSS of the process, MiB |")
    print("|---|---|---:|---:|---:|---:|")
    for key in sorted(wall):
        w = wall[key]
        print("| %s | %s | %d | %.0f (%.0f - %.0f) | %.0f | %s |" % (
            key[0], key[1], len(w), statistics.median(w), min(w), max(w), statistics.median(cpu[key]),
            "%.0f" % max(rss[key]) if rss[key] else "n/a"))


if __name__ == "__main__":
    main(sys.argv[1])
