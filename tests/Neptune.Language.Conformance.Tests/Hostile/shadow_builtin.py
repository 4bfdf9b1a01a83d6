len = lambda x: 0
return len([1, 2])
