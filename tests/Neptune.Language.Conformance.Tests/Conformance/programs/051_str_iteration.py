out = []
for ch in "abc":
    out.append(ch * 2)
return out, list("xyz"), [c for c in "hello" if c in "aeiou"], sorted("banana")
