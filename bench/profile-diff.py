#!/usr/bin/env python3
"""Compares two paths profiled by bench/profile.sh, in CPU samples per 1,000 requests: the total, the leaf
frames whose cost grew most from A to B, and (with --frames) the inclusive cost of frames whose name contains
each given text.

    bench/profile-diff.py target/bench/profile public bearer [--top 25] [--frames TokenHasher IdentityHeaders]
"""
import argparse
import collections

parser = argparse.ArgumentParser()
parser.add_argument("dir")
parser.add_argument("a")
parser.add_argument("b")
parser.add_argument("--top", type=int, default=25)
parser.add_argument("--frames", nargs="*", default=[])
args = parser.parse_args()

rounds = collections.defaultdict(list)
with open(f"{args.dir}/requests") as lines:
    for line in lines:
        label, round_, requests = line.split()[:3]
        rounds[label].append((round_, int(requests)))

def load(label):
    """Leaf samples and inclusive samples of the asked frames, per 1,000 requests."""
    leaves, inclusive = collections.Counter(), collections.Counter()
    total = requests = 0
    for round_, count in rounds[label]:
        requests += count
        with open(f"{args.dir}/{label}.{round_}.collapsed") as stacks:
            for line in stacks:
                stack, samples = line.rsplit(" ", 1)
                samples = int(samples)
                total += samples
                leaves[stack.rsplit(";", 1)[-1]] += samples
                for text in args.frames:
                    if text in stack:
                        inclusive[text] += samples
    scale = 1000 / requests
    return ({k: v * scale for k, v in leaves.items()}, {k: v * scale for k, v in inclusive.items()},
            total * scale)

leaves_a, inclusive_a, total_a = load(args.a)
leaves_b, inclusive_b, total_b = load(args.b)
print(f"\n{args.b} against {args.a}: samples per 1,000 requests {total_b:.1f} against {total_a:.1f} "
      f"({(total_b - total_a) / total_a * 100:+.1f} %)")
print(f"{'more':>8} {args.a:>8} {args.b:>8}  leaf frame")
for frame in sorted(set(leaves_a) | set(leaves_b), key=lambda f: leaves_a.get(f, 0) - leaves_b.get(f, 0))[:args.top]:
    a, b = leaves_a.get(frame, 0), leaves_b.get(frame, 0)
    print(f"{b - a:8.2f} {a:8.2f} {b:8.2f}  {frame[:120]}")
for text in args.frames:
    a, b = inclusive_a.get(text, 0), inclusive_b.get(text, 0)
    print(f"{b - a:8.2f} {a:8.2f} {b:8.2f}  (inclusive) {text}")
