x = [1]
return x.__dict__
