"""CPU seconds used so far, from /proc: by the given processes (the
orderhub servers), by every process named postgres, and by the whole
machine (all cores, busy time). Prints one JSON object."""
import json, os, sys

tick = os.sysconf("SC_CLK_TCK")


def used(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None, 0.0
    comm = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    # utime and stime are fields 14 and 15 of the line (1-based)
    return comm, (int(fields[11]) + int(fields[12])) / tick


servers = sum(used(p)[1] for p in sys.argv[1:])
postgres = 0.0
for entry in os.listdir("/proc"):
    if entry.isdigit():
        comm, seconds = used(entry)
        if comm == "postgres":
            postgres += seconds
with open("/proc/stat") as f:
    cpu = [int(x) for x in f.readline().split()[1:]]
idle = cpu[3] + cpu[4]  # idle and iowait
print(json.dumps({"servers": servers, "postgres": postgres,
                  "machine": (sum(cpu[:8]) - idle) / tick}))
