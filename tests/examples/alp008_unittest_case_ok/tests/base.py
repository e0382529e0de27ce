"""The project's base test case: a plain unittest.TestCase."""
import unittest


class DBTestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.rows = 1000
