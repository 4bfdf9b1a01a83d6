def score(question, num_objects=1):
    return 1.0
return score("Is it red?")
