items = [1, 2, 3]
return items[3]
