try:
    assert False, "custom"
except AssertionError as e:
    msg = str(e)
try:
    assert 0
except AssertionError as e:
    msg2 = str(e)
return msg, msg2
