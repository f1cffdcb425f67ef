"""PostgreSQL for the chaos suite: a throwaway cluster through scripts/pg (the pg part's script: `start DIR`
prints the URL and writes DIR/url, `stop DIR`) and read-only queries through psql, shaped like sqlite3's
rows so that tests/e2e/day_checks.py reads a PostgreSQL store unchanged (stdlib only: no psycopg)."""
import json
import os
import subprocess
import urllib.parse


class Cluster:
    def __init__(self, repo, folder):
        self.script, self.folder = os.path.join(repo, "scripts", "pg"), folder
        if os.geteuid() == 0:
            # The server runs as `postgres` (scripts/pg) and must reach FOLDER through the run's work folder,
            # which mkdtemp makes 0700: traversal only, the work folder's files stay unreadable to others.
            parent = os.path.dirname(os.path.abspath(folder))
            os.chmod(parent, os.stat(parent).st_mode | 0o711)
        subprocess.run([self.script, "start", folder], check=True, stdout=subprocess.DEVNULL)
        self.url = open(os.path.join(folder, "url")).read().strip()

    def create_database(self, name):
        psql(self.url, "CREATE DATABASE %s" % name)
        parts = urllib.parse.urlsplit(self.url)
        return urllib.parse.urlunsplit(parts._replace(path="/" + name))

    def restart(self):
        """The server goes away and comes back on the same port and data: `scripts/pg restart DIR` when the
        script has it, else pg_ctl restart on the data folder (as the postgres user when we are root)."""
        if subprocess.run([self.script, "restart", self.folder], stdout=subprocess.DEVNULL).returncode == 0:
            return
        data = next(os.path.join(root) for root, _, files in os.walk(self.folder) if "PG_VERSION" in files)
        pg_ctl = next(p for p in ("/usr/lib/postgresql/%s/bin/pg_ctl" % v for v in sorted(os.listdir("/usr/lib/postgresql"), reverse=True))
                      if os.path.exists(p))
        command = [pg_ctl, "-D", data, "-l", os.path.join(self.folder, "log"), "-w", "-m", "fast", "restart"]  # keeps postmaster.opts: same port
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--"] + command
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def stop(self):
        subprocess.run([self.script, "stop", self.folder], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def psql(url, sql):
    p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("psql: %s" % p.stderr.strip())
    return p.stdout


class Row(dict):
    """A dict that also answers row[0], as sqlite3.Row does."""

    def __getitem__(self, key):
        if isinstance(key, int):
            return list(self.values())[key]
        return dict.__getitem__(self, key)


class Cursor:
    def __init__(self, rows):
        self.rows = rows

    def fetchall(self):
        return self.rows

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def __iter__(self):
        return iter(self.rows)


class Db:
    """sqlite3.Connection's execute() and context manager, over psql and json_agg."""

    def __init__(self, url):
        self.url = url

    def execute(self, sql):
        text = psql(self.url, "SELECT coalesce(json_agg(t), '[]') FROM (%s) t" % sql).strip()
        return Cursor([Row(r) for r in json.loads(text or "[]")])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
