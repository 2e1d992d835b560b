# A deterministic Python workload for program_python.test: many small and
# large allocations (dicts, lists, strings, bytes, big integers) with output
# that depends only on the computation.
import json
import zlib

words = {}
for i in range(200000):
    key = "w%d" % (i * 7919 % 100003)
    words[key] = words.get(key, 0) + i
items = sorted(words.items(), key=lambda kv: (kv[1], kv[0]))
print(len(items), items[0], items[-1])

blobs = [bytes((i * j) & 0xFF for j in range(1000 + i)) for i in range(300)]
print(sum(zlib.crc32(b) for b in blobs) & 0xFFFFFFFF)

big = 1
for i in range(1, 1000):
    big *= i
print(len(str(big)), big % 1000000007)

doc = {"list": list(range(10000)), "nested": [{"k": str(i), "v": [i] * 5} for i in range(2000)]}
text = json.dumps(doc, sort_keys=True)
print(len(text), zlib.adler32(text.encode()))
print(json.loads(text)["nested"][1234])

buf = bytearray()
for i in range(100000):
    buf += b"%d," % i
print(len(buf), zlib.crc32(bytes(buf)))
