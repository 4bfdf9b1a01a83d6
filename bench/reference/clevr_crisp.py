"""A plain crisp CLEVR executor: the speed reference for `neptune eval` (see docs/CLEVR.md).

Loads the question and scene files, runs every official program with the official engine's semantics over the scene
annotations, and writes one JSON result row per question. Usage:
    python3 bench/reference/clevr_crisp.py QUESTIONS SCENES OUT.jsonl [LIMIT]
"""
import json
import sys


def run(program, scene):
    objs = scene["objects"]
    rel = scene["relationships"]
    out = []
    for node in program:
        f = node["function"]
        a = [out[i] for i in node["inputs"]]
        v = node.get("value_inputs", [])
        if f == "scene":
            r = list(range(len(objs)))
        elif f.startswith("filter_"):
            key = f[7:]
            r = [o for o in a[0] if objs[o][key] == v[0]]
        elif f == "unique":
            if len(a[0]) != 1:
                raise ValueError("unique on %d objects" % len(a[0]))
            r = a[0][0]
        elif f == "relate":
            r = rel[v[0]][a[0]]
        elif f == "union":
            r = sorted(set(a[0]) | set(a[1]))
        elif f == "intersect":
            r = sorted(set(a[0]) & set(a[1]))
        elif f == "count":
            r = len(a[0])
        elif f == "exist":
            r = "yes" if a[0] else "no"
        elif f.startswith("query_"):
            r = objs[a[0]][f[6:]]
        elif f.startswith("same_"):
            key = f[5:]
            r = [o for o in range(len(objs)) if o != a[0] and objs[o][key] == objs[a[0]][key]]
        elif f.startswith("equal_"):
            r = "yes" if a[0] == a[1] else "no"
        elif f == "less_than":
            r = "yes" if a[0] < a[1] else "no"
        elif f == "greater_than":
            r = "yes" if a[0] > a[1] else "no"
        else:
            raise ValueError(f)
        out.append(r)
    return str(out[-1])


def main():
    questions = json.load(open(sys.argv[1]))["questions"]
    scenes = json.load(open(sys.argv[2]))["scenes"]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else len(questions)
    by_index = {s["image_index"]: s for s in scenes}
    correct = 0
    with open(sys.argv[3], "w") as f:
        for i, q in enumerate(questions[:limit]):
            predicted = run(q["program"], by_index[q["image_index"]])
            ok = predicted == q["answer"]
            correct += ok
            f.write(json.dumps({"id": i, "predicted": predicted, "expected": q["answer"], "correct": ok}) + "\n")
    print("accuracy %d/%d" % (correct, limit))


if __name__ == "__main__":
    main()
