words = ["banana", "Apple", "cherry", "date"]
people = [("bob", 25), ("al", 30), ("cy", 25)]
return (sorted(words), sorted(words, key=len), sorted(words, key=lambda w: w.lower()), sorted(words, reverse=True), sorted(people, key=lambda p: p[1]), sorted(people, key=lambda p: (-p[1], p[0])), sorted([3, 1, 2], key=lambda x: -x, reverse=True))
