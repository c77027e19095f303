"""Samples what PostgreSQL's active sessions in one database are doing,
every 50 ms, through one psql connection, until terminated: one line per
active session per sample, its wait event ("CPU" when it waits on none).

    python3 pg-waits.py POSTGRES_URL DATABASE OUT_FILE
"""
import signal, subprocess, sys, time

url, database, out = sys.argv[1:4]
psql = subprocess.Popen(["psql", "-Atq", url], stdin=subprocess.PIPE,
                        stdout=open(out, "a"), text=True)


def stop(*_):
    psql.stdin.close()
    psql.wait()
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
query = ("SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') "
         "FROM pg_stat_activity WHERE datname = '%s' AND state = 'active' "
         "AND application_name <> 'psql';\n" % database.replace("'", ""))
while True:
    psql.stdin.write(query)
    psql.stdin.flush()
    time.sleep(0.05)
