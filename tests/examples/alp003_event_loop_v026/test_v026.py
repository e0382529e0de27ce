def test_requests(event_loop):  # expect: ALP003:1
    pass
