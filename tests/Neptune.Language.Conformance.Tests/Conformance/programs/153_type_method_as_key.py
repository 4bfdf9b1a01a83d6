words = ["Zeta", "alpha", "Beta"]
return sorted(words, key=str.lower), list(map(str.upper, words)), list(map(str, [1, 2]))
