f = open
return f
