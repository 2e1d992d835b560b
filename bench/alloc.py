"""alloc.py: allocation-heavy Python for the preload benchmark.

Run with PYTHONMALLOC=malloc so every object comes from the preloaded malloc.
Each round builds a dict of ROUND_SIZE string keys holding small lists, tuples
and strings, sorts and joins them, then drops everything.
Usage: python3 alloc.py [ROUNDS [ROUND_SIZE]]
"""
import sys


def one_round(size):
    table = {}
    for i in range(size):
        key = "key-%d" % i
        table[key] = [i, str(i) * 3, (i, i + 1.5), {"n": i}]
    words = sorted(table, key=lambda k: table[k][1])
    text = " ".join(words)
    chunks = [text[j:j + 40] for j in range(0, len(text), 40)]
    return len(chunks) + len(words)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 250_000
    total = 0
    for _ in range(rounds):
        total += one_round(size)
    print("objects=%d" % total)


if __name__ == "__main__":
    main()
