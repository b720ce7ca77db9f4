"""The records server under load, killed midway: no acknowledged record lost or doubled.

Usage: python3 load.py KENSHU COURSE TMP [RECORDS [CLIENTS]] (default 1,500 records, 40
clients). The clients post the records over loopback at once; when half of them have been
acknowledged the server is killed with SIGKILL, then started again on the same database and
port, and every record is sent again. Then: every record acknowledged (2xx) before the kill is
in the database and was answered "stored": false the second time; every record is stored
exactly once, as it was sent; PRAGMA integrity_check is ok. Prints the records accepted per
second before the kill.
"""
import json
import os
import queue
import sys
import threading
import time

from server import Server, fail, record, stored

kenshu, course, tmp = sys.argv[1:4]
total = int(sys.argv[4]) if len(sys.argv) > 4 else 1500
clients = int(sys.argv[5]) if len(sys.argv) > 5 else 40
db = os.path.join(tmp, 'load.sqlite')
records = [record(i) for i in range(total)]
srv = Server(kenshu, ['--records', db, '-C', course], os.path.join(tmp, 'load.log')).start()


def send_all(results, kill_after=None):
    """Post every record from clients threads; results[uid] = status (0: no answer)."""
    work = queue.Queue()
    for r in records:
        work.put(r)
    lock = threading.Lock()
    acked = [0]

    def client():
        while True:
            try:
                r = work.get_nowait()
            except queue.Empty:
                return
            try:
                status, _, body = srv.post(r, timeout=60)
                reply = json.loads(body) if status < 300 else None
            except (OSError, ValueError):
                status, reply = 0, None
            with lock:
                results[r['uid']] = (status, reply)
                if 200 <= status < 300:
                    acked[0] += 1
                    if kill_after and acked[0] == kill_after:
                        srv.kill()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return acked[0], time.time() - start


first = {}
acked, took = send_all(first, kill_after=total // 2)
if srv.proc.poll() is None:
    fail('the server was never killed: %d of %d acknowledged' % (acked, total))
before = {uid for uid, (status, _) in first.items() if 200 <= status < 300}
lost_answers = sum(1 for status, _ in first.values() if not status)
srv.start()
second = {}
acked2, _ = send_all(second)
if srv.stop() != 0:
    fail('the server did not stop cleanly after Ctrl-C')
if acked2 != total:
    fail('%d of %d records acknowledged after the restart' % (acked2, total))
for uid in before:
    status, reply = second[uid]
    if status != 200 or reply.get('stored') is not False:
        fail('record %s was acknowledged before the kill but not found after it' % uid)
rows, integrity = stored(db)
uids = [u for u, _ in rows]
if len(uids) != len(set(uids)):
    fail('a record is stored twice')
if set(uids) != {r['uid'] for r in records}:
    fail('%d records stored, expected %d' % (len(set(uids)), total))
sent = {r['uid']: r for r in records}
for uid, text in rows:
    if json.loads(text) != sent[uid]:
        fail('record %s is not stored as it was sent' % uid)
if integrity != 'ok':
    fail('PRAGMA integrity_check: ' + integrity)
log = open(os.path.join(tmp, 'load.log')).read()
if '社員' in log or 'load-0' in log:
    fail('record data in the server\'s log')
print('load: %d records from %d clients, server killed after %d acknowledged (%d requests '
      'unanswered), restarted, all sent again: each stored once, none lost, integrity ok'
      % (total, clients, len(before), lost_answers))
print('load: %.0f records accepted per second before the kill' % (acked / took))
