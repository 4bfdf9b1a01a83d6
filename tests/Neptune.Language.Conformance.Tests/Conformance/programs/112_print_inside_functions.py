def shout(s):
    print(s.upper())
    return len(s)
total = 0
for w in ["ab", "cde"]:
    total += shout(w)
print(f"total={total}")
return total
