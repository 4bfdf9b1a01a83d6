words = ["Zeta", "alpha", "Beta", "gamma", "alpha"]
return ("alpha" in words, words.count("alpha"), sorted(set(words)), sorted(words, key=lambda w: w.lower()), "Beta" < "alpha", "abc" in "xabcx", "abd" not in "abcd", "".join(sorted("hello")), "-".join(w[0] for w in words), max(words, key=len))
