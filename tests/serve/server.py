"""Start and stop "kenshu serve" for the serve suite, and make the records pages post."""
import atexit
import http.client
import json
import os
import re
import signal
import subprocess
import time


class Server:
    """kenshu serve ARGS on a free loopback port; its stderr in LOG."""

    def __init__(self, kenshu, args, log, cwd=None):
        self.kenshu, self.args, self.log, self.cwd = kenshu, args, log, cwd
        self.proc = None
        self.port = None
        atexit.register(self.cleanup)

    def cleanup(self):
        """A server still running when the test ends (it failed) is not left behind."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def start(self, port=0):
        listen = ['--listen', '127.0.0.1:%d' % (port or self.port or 0)]
        err = open(self.log, 'a')
        self.proc = subprocess.Popen([self.kenshu, 'serve'] + self.args + listen, cwd=self.cwd,
                                     stdin=subprocess.DEVNULL, stdout=err, stderr=err)
        deadline = time.time() + 20
        while time.time() < deadline:
            m = re.findall(r'at http://127\.0\.0\.1:(\d+)/', open(self.log).read())
            if m and self.proc.poll() is None and (not self.port or int(m[-1]) == self.port) \
                    and len(m) > self.starts:
                self.port = int(m[-1])
                self.starts += 1
                return self
            if self.proc.poll() is not None:
                raise RuntimeError('kenshu serve exited with %d:\n%s' % (self.proc.returncode,
                                                                        open(self.log).read()))
            time.sleep(0.02)
        raise RuntimeError('kenshu serve did not start:\n' + open(self.log).read())

    starts = 0

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        """Ctrl-C; returns the exit status."""
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=20)

    def request(self, method, path, body=None, headers=None, timeout=30):
        c = http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read()
        finally:
            c.close()

    def post(self, record, timeout=30):
        body = json.dumps(record, ensure_ascii=False).encode()
        return self.request('POST', '/api/records', body,
                            {'Content-Type': 'application/json'}, timeout)


def record(i, uid=None):
    """The i-th test record a page sends (kenshu.js's shape)."""
    return {
        'type': 'quiz', 'site': 'course', 'quiz': 'basics', 'title': '基本の確認テスト',
        'score': i % 11, 'max': 10, 'pass': 80,
        'result': 'pass' if i % 11 >= 8 else 'fail', 'attempt': 1 + i % 3,
        'date': '2026-04-%02dT10:%02d:%02d+09:00' % (1 + i % 28, i % 60, (i // 60) % 60),
        'recorded': '2026-04-%02dT10:%02d:%02d+09:00' % (1 + i % 28, i % 60, (i // 60) % 60),
        'integrity': 'self-reported', 'course': '情報セキュリティ研修',
        'uid': uid or 'load-%05d' % i,
        'learner': {'employee_id': '%05d' % (i % 300), 'name': '社員 %d' % (i % 300),
                    'branch': ['本社', '大阪支店', '福岡支店'][i % 3]},
    }


def stored(db):
    """uid -> record JSON of the records database, read with python's own sqlite3."""
    import sqlite3
    con = sqlite3.connect(db)
    try:
        rows = con.execute('SELECT uid, record FROM records').fetchall()
        check = con.execute('PRAGMA integrity_check').fetchone()[0]
    finally:
        con.close()
    return rows, check


def fail(msg):
    raise SystemExit('FAIL ' + msg)
