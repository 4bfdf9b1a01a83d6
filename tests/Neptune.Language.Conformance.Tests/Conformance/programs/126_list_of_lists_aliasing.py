row = [0] * 3
grid = [row] * 2
grid[0][0] = 5
fresh = [[0] * 3 for _ in range(2)]
fresh[0][0] = 5
return grid, fresh
