#!/usr/bin/env python3
"""Seeds the load test: 100 users x 100 tasks, 10 JWTs per session (1,000), one API key per user."""
import http.client, json, sys, threading, urllib.parse

auth_url, api_url, out = sys.argv[1], sys.argv[2], sys.argv[3]
USERS, TASKS, JWTS_PER_USER = 100, 100, 10

def conn(url):
    u = urllib.parse.urlparse(url)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=30)

def call(c, method, path, body=None, headers=None):
    h = {"Content-Type": "application/json"} if body is not None else {}
    h.update(headers or {})
    c.request(method, path, json.dumps(body) if body is not None else None, h)
    r = c.getresponse()
    data = r.read()
    if r.status >= 300:
        raise RuntimeError(f"{method} {path} -> {r.status}: {data[:300]!r}")
    return json.loads(data) if data else None

jwts, keys, lock = [], [], threading.Lock()

def seed(worker, count):
    a, p = conn(auth_url), conn(api_url)
    for i in range(count):
        n = worker * 1000 + i
        account = call(a, "POST", "/api/auth/sign-up/email",
                       {"email": f"bench{n}@bench.test", "password": "bench password 123", "name": f"Bench {n}"})
        session = {"Authorization": "Bearer " + account["token"]}
        tokens = [call(a, "GET", "/api/auth/token", headers=session)["accessToken"] for _ in range(JWTS_PER_USER)]
        key = call(a, "POST", "/api/auth/api-keys", {"name": "bench"}, session)["key"]
        bearer = {"Authorization": "Bearer " + tokens[0]}
        for t in range(TASKS):
            call(p, "POST", "/api/tasks", {"title": f"task {t} of user {n}", "description": "seeded"}, bearer)
        with lock:
            jwts.extend(tokens)
            keys.append(key)

threads = [threading.Thread(target=seed, args=(w, USERS // 4)) for w in range(4)]
for t in threads: t.start()
for t in threads: t.join()
if len(jwts) != USERS * JWTS_PER_USER or len(keys) != USERS:
    sys.exit(f"seeding incomplete: {len(jwts)} JWTs, {len(keys)} keys")
open(f"{out}/jwts.txt", "w").write("\n".join(jwts) + "\n")
open(f"{out}/keys.txt", "w").write("\n".join(keys) + "\n")
print(f"seeded {USERS} users, {USERS * TASKS} tasks, {len(jwts)} JWTs, {len(keys)} API keys")
