return [score("Is it red?") for _ in range(10 ** 6)]
