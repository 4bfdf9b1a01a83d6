assert 1 + 1 == 2, "math works"
assert [1]
assert 2 < 1, "two is not less than one"
return "unreachable"
