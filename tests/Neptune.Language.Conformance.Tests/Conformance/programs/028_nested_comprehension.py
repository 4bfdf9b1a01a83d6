pairs = [(i, j) for i in range(4) for j in range(i) if (i + j) % 2 == 1]
matrix = [[i * j for j in range(3)] for i in range(3)]
flat = [v for row in matrix for v in row]
return pairs, matrix, flat
