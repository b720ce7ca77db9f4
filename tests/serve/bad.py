"""Bad requests to "kenshu serve --records": each answered 4xx, nothing stored, the server up.

Usage: python3 bad.py KENSHU COURSE TMP. COURSE is a built course (its site in public/), with
an admin password file admin.pw (password correct-horse) and staff.csv; TMP a scratch folder.
Also: the site's files served as they are on the disk, pages with the kenshu-submit meta put
after <head> and nothing else changed, the right content types, and the password file refused
when others may read it.
"""
import base64
import hashlib
import json
import math
import os
import socket
import stat
import subprocess
import sys
import time

from server import Server, fail, record, stored

kenshu, course, tmp = sys.argv[1:4]
site = os.path.join(course, 'public')
db = os.path.join(tmp, 'bad.sqlite')
checks = 0


def expect(what, got, want):
    global checks
    if got != want:
        fail('%s: got %r, expected %r' % (what, got, want))
    checks += 1


def tree(folder):
    """path -> sha256 of every file under folder."""
    out = {}
    for d, _, files in os.walk(folder):
        for f in files:
            p = os.path.join(d, f)
            out[os.path.relpath(p, folder)] = hashlib.sha256(open(p, 'rb').read()).hexdigest()
    return out


def raw(port, data):
    """The status of a request sent as the bytes data (no client to tidy the path)."""
    s = socket.create_connection(('127.0.0.1', port), timeout=30)
    try:
        s.sendall(data)
        reply = b''
        while b'\r\n' not in reply:
            chunk = s.recv(4096)
            if not chunk:
                break
            reply += chunk
        return int(reply.split(b' ')[1]) if reply else 0
    finally:
        s.close()


before = tree(site)
os.symlink('/etc/passwd', os.path.join(site, 'assets', 'link.txt'))
open(os.path.join(site, '.hidden.html'), 'w').write('hidden')
srv = Server(kenshu, ['--records', db, '-C', course, '--admin-password-file',
                      os.path.join(course, 'admin.pw'), '--staff', os.path.join(course, 'staff.csv')],
             os.path.join(tmp, 'bad.log')).start()
auth = {'Authorization': 'Basic ' + base64.b64encode(b'hq:correct-horse').decode()}
json_type = {'Content-Type': 'application/json'}
good = record(1)

# the site as it is on the disk: pages with the meta, other files byte for byte
status, headers, body = srv.request('GET', '/')
page = open(os.path.join(site, 'index.html'), 'rb').read()
expect('GET / status', status, 200)
expect('GET / type', headers['content-type'], 'text/html; charset=utf-8')
expect('GET / body', body, page.replace(b'<head>', b'<head><meta name="kenshu-submit" '
                                        b'content="api/records">', 1))
for name, ctype in [('assets/style.css', 'text/css; charset=utf-8'),
                    ('assets/kenshu.js', 'text/javascript; charset=utf-8'),
                    ('assets/search-index.js', 'text/javascript; charset=utf-8')]:
    status, headers, body = srv.request('GET', '/' + name)
    expect('GET ' + name, (status, headers['content-type'], headers['x-content-type-options']),
           (200, ctype, 'nosniff'))
    expect('GET ' + name + ' bytes', body, open(os.path.join(site, name), 'rb').read())
expect('HEAD /', srv.request('HEAD', '/')[0], 200)

# malformed JSON, wrong types, other bodies
for what, body, headers, want in [
        ('malformed JSON', b'{"type": "quiz", ', json_type, 400),
        ('not an object', b'[1, 2, 3]', json_type, 400),
        ('a score of the wrong type', None, json_type, 400),
        ('a learner of the wrong shape', None, json_type, 400),
        ('no uid', None, json_type, 400),
        ('not UTF-8', b'{"uid": "\xff"}', json_type, 400),
        ('an empty body', b'', json_type, 400),
        ('not JSON by its type', b'{}', {'Content-Type': 'text/plain'}, 415),
        ('no content type', b'{}', {}, 415),
        ('another site\'s page', b'{}', dict(json_type, Origin='http://evil.example'), 403),
        ('a page opened from a file', b'{}', dict(json_type, Origin='null'), 403)]:
    if body is None:
        r = dict(good)
        if what.startswith('a score'):
            r['score'] = {'value': 9}
        elif what.startswith('a learner'):
            r['learner'] = {'Bad Name': 'x'}
        else:
            del r['uid']
        body = json.dumps(r).encode()
    status, headers, reply = srv.request('POST', '/api/records', body, headers)
    expect(what, status, want)
    if want != 413 or b'error' in reply:
        expect(what + ': a JSON error', headers['content-type'], 'application/json')
        expect(what + ': its message', reply.startswith(b'{"error": "'), True)

# 5 MB with its length: refused before the body is read (sending it may then fail)
s = socket.create_connection(('127.0.0.1', srv.port), timeout=30)
s.sendall(b'POST /api/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
          b'Content-Length: %d\r\n\r\n' % (5 * 1024 * 1024))
try:
    s.sendall(b'{"uid": "' + b'a' * (5 * 1024 * 1024 - 11) + b'"}')
except OSError:
    pass
reply = s.recv(4096)
s.close()
expect('5 MB', reply.split(b' ')[1], b'413')
expect('5 MB: a JSON error', b'{"error": "' in reply, True)

# 5 MB sent in chunks, without a length
s = socket.create_connection(('127.0.0.1', srv.port), timeout=30)
s.sendall(b'POST /api/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
          b'Transfer-Encoding: chunked\r\n\r\n')
try:
    for _ in range(80):
        s.sendall(b'10000\r\n' + b' ' * 0x10000 + b'\r\n')
    s.sendall(b'0\r\n\r\n')
    reply = s.recv(4096)
except OSError:
    reply = b'HTTP/1.1 413 closed'
s.close()
expect('5 MB in chunks', reply.split(b' ')[1], b'413')

# methods, paths out of the site, hidden files and links
status, headers, _ = srv.request('GET', '/api/records')
expect('GET /api/records', (status, headers['content-type'], headers['allow']), (405, 'application/json', 'POST'))
expect('PUT /index.html', srv.request('PUT', '/index.html', b'x')[0], 405)
expect('DELETE /', srv.request('DELETE', '/')[0], 405)
for path in [b'/../../../../etc/passwd', b'/assets/../../../etc/passwd', b'/%2e%2e/%2e%2e/etc/passwd',
             b'/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd', b'//etc/passwd', b'/..%2f..%2fetc/passwd',
             b'/assets/link.txt', b'/.hidden.html', b'/..\\..\\etc\\passwd', b'/index.html%00.png',
             b'/nothing-here.html', b'/etc/passwd']:
    got = raw(srv.port, b'GET ' + path + b' HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    expect('GET ' + path.decode(), got in (400, 404), True)
expect('headers over the limit', raw(srv.port, b'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ' +
                                      b'a' * 64 * 1024 + b'\r\n\r\n') in (413, 431, 0), True)

# the admin view: no password, a wrong one, then slowed
expect('admin without a password', srv.request('GET', '/admin/')[0], 401)
expect('admin, the 401 asks for it', 'basic' in srv.request('GET', '/admin/')[1]['www-authenticate'].lower(), True)
wrong = {'Authorization': 'Basic ' + base64.b64encode(b'hq:wrong').decode()}
expect('admin with a wrong password', srv.request('GET', '/admin/', headers=wrong)[0], 401)
expect('admin, a broken header', srv.request('GET', '/admin/', headers={'Authorization': 'Basic !!'})[0], 401)
expect('admin CSV without a password', srv.request('GET', '/admin/roster.csv')[0], 401)
status, headers, body = srv.request('GET', '/admin/', headers=auth)
expect('admin with the password', status, 200)
expect('admin: not kept by caches', headers['cache-control'], 'no-store')
expect('admin: the downloads', b'href="roster.csv"' in body and b'href="roster.xlsx"' in body, True)
expect('admin: the staff list', '社員名簿' in body.decode(), True)
for _ in range(7):
    last = srv.request('GET', '/admin/', headers=wrong)
expect('repeated failures slowed', (last[0], 'retry-after' in last[1]), (429, True))
expect('slowed even with the password', srv.request('GET', '/admin/', headers=auth)[0], 429)

# nothing stored, the server still up, nothing on the disk changed
expect('still up', srv.request('GET', '/')[0], 200)
rows, integrity = stored(db)
expect('nothing stored', rows, [])
expect('integrity', integrity, 'ok')
status, _, body = srv.request('POST', '/api/records', json.dumps(good).encode(), json_type)
expect('a good record after all that', status, 201)
expect('stopped by Ctrl-C', srv.stop(), 0)
log = open(os.path.join(tmp, 'bad.log')).read()
expect('no record data in the log', any(s in log for s in ['社員', 'load-', '基本の確認']), False)
os.unlink(os.path.join(site, 'assets', 'link.txt'))
os.unlink(os.path.join(site, '.hidden.html'))
expect('the site on the disk unchanged', tree(site), before)

# wrong passwords sent all at once from one address: slowed as when sent one after another
# (each is checked only once the one before has been counted)
import threading
db2 = os.path.join(tmp, 'burst.sqlite')
srv = Server(kenshu, ['--records', db2, '-C', course, '--admin-password-file',
                      os.path.join(course, 'admin.pw')], os.path.join(tmp, 'burst.log')).start()
burst = []
threads = [threading.Thread(target=lambda: burst.append(srv.request('GET', '/admin/', headers=wrong)[0]))
           for _ in range(24)]
began = time.monotonic()
for t in threads:
    t.start()
for t in threads:
    t.join()
took = time.monotonic() - began
expect('a burst of wrong passwords: all answered', len(burst), 24)
# 5 tries are free, the 6th sets a wait of 1 s, each later one twice the wait before: on a
# loaded machine the burst may outlast some of those waits
allowed = 6 + int(math.log2(took + 2))
expect('a burst of wrong passwords in %.1f s: at most %d checked, the rest 429' % (took, allowed),
       burst.count(401) <= allowed, True)
expect('a burst stopped', srv.stop(), 0)

# the admin view of records that differ in a title: merge's warning, which quotes the title,
# is not in the server's output
db3 = os.path.join(tmp, 'titles.sqlite')
srv = Server(kenshu, ['--records', db3, '-C', course, '--admin-password-file',
                      os.path.join(course, 'admin.pw')], os.path.join(tmp, 'titles.log')).start()
for i in range(4):
    sent = record(i, uid='title-%d' % i)
    if i == 3:
        sent['title'] = '題名違いのテストQX'
    expect('a record for the titles view', srv.request('POST', '/api/records', json.dumps(sent).encode(),
                                                       json_type)[0], 201)
expect('the admin view of differing titles', srv.request('GET', '/admin/', headers=auth)[0], 200)
expect('the titles server stopped', srv.stop(), 0)
log = open(os.path.join(tmp, 'titles.log')).read()
expect('no title or uid of a record in the log', any(s in log for s in ['題名違い', 'title-']), False)

# a password file others may read, a missing site, a bad address
os.chmod(os.path.join(course, 'admin.pw'), 0o644)
r = subprocess.run([kenshu, 'serve', '--records', db, '-C', course, '--admin-password-file',
                    os.path.join(course, 'admin.pw'), '--listen', '127.0.0.1:0'],
                   capture_output=True, text=True, timeout=30)
expect('a readable password file refused', (r.returncode, 'chmod 600' in r.stderr), (1, True))
os.chmod(os.path.join(course, 'admin.pw'), 0o600)
r = subprocess.run([kenshu, 'serve', '--records', db, '-C', tmp, '--listen', '127.0.0.1:0'],
                   capture_output=True, text=True, timeout=30)
expect('no site', (r.returncode, 'kenshu build' in r.stderr), (1, True))
for listen in ['127.0.0.1', 'localhost:99999', ':80', '127.0.0.1:http']:
    r = subprocess.run([kenshu, 'serve', '--records', db, '-C', course, '--listen', listen],
                       capture_output=True, text=True, timeout=30)
    expect('--listen ' + listen, r.returncode, 2)
r = subprocess.run([kenshu, 'serve', '--records', course, '-C', course, '--listen', '127.0.0.1:0'],
                   capture_output=True, text=True, timeout=30)
expect('a folder as the database', r.returncode, 3)
# the command line: usage errors (2), no course (1), an address in use (3)
for args, want in [(['--records'], 2), (['stray'], 2), (['-o', 'x'], 2),
                   (['--records', db, '--staff', 'staff.csv'], 2), (['--lang', 'fr', '--records', db], 2),
                   (['-C', tmp], 1), (['--records', db, '-C', course, '--listen', '127.0.0.1:%d' % srv.port], None)]:
    busy = None
    if want is None:
        busy = socket.socket()
        busy.bind(('127.0.0.1', 0))
        busy.listen()
        args[-1] = '127.0.0.1:%d' % busy.getsockname()[1]
        want = 3
    elif '--listen' not in args:
        args = args + ['--listen', '127.0.0.1:0']
    r = subprocess.run([kenshu, 'serve'] + args, capture_output=True, text=True, timeout=30)
    if busy:
        busy.close()
    expect('kenshu serve ' + ' '.join(args), r.returncode, want)
    expect('kenshu serve ' + ' '.join(args) + ': says why', r.stderr.startswith(('kenshu: ', tmp)), True)
print('bad requests: %d checks passed' % checks)
