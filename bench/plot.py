#!/usr/bin/python3
"""Plot a bench/run results.tsv: throughput and p99 latency per connection count, one line per server and path.

Usage: plot.py RESULTS_TSV OUT_PNG [TITLE] [--skip-conns N ...]
Needs python3-matplotlib (Debian). Log scales: the servers span four orders of magnitude (the seed's CGI
forks a Python per request; nginx serves a static page).
"""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(argv):
    skip = set()
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "--skip-conns":
            skip.add(argv[i + 1])
            i += 2
        else:
            args.append(argv[i])
            i += 1
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    tsv, out = args[0], args[1]
    title = args[2] if len(args) > 2 else "zerodown benchmark"
    series = defaultdict(list)  # (server, page) -> [(conns, req_s, p99)]
    with open(tsv, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["conns"] in skip:
                continue
            try:
                point = (int(row["conns"]), float(row["req_s"]), float(row["p99_ms"]))
            except (KeyError, ValueError):
                continue
            page = row["path"].rsplit("/", 1)[-1]
            series[(row["label"], page)].append(point)
    if not series:
        print("plot.py: no rows in " + tsv, file=sys.stderr)
        return 1
    fig, (ax_rps, ax_p99) = plt.subplots(1, 2, figsize=(13, 5.5))
    for (server, page), points in sorted(series.items()):
        points.sort()
        conns = [p[0] for p in points]
        style = "-" if page == "hello.py" else "--"
        label = server + " " + page
        ax_rps.plot(conns, [p[1] for p in points], style, marker="o", label=label)
        ax_p99.plot(conns, [p[2] for p in points], style, marker="o", label=label)
    for ax, what in ((ax_rps, "requests per second"), (ax_p99, "p99 latency, ms")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("connections (wrk)")
        ax.set_ylabel(what)
        ax.grid(True, which="both", alpha=0.3)
        ticks = sorted({p[0] for pts in series.values() for p in pts})
        ax.set_xticks(ticks)
        ax.set_xticklabels([str(t) for t in ticks])
    ax_p99.axhline(10, color="grey", linewidth=0.8, linestyle=":")
    ax_rps.set_title("throughput (solid: hello.py, dashed: ping.py)")
    ax_p99.set_title("p99 latency (dotted: the 10 ms aim)")
    handles, labels = ax_rps.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=5, fontsize="small")
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.1, 1, 0.95))
    fig.savefig(out, dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
