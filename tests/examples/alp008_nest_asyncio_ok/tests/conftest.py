"""nest_asyncio patches asyncio.run and the loop's run methods to be re-entrant."""
import nest_asyncio

nest_asyncio.apply()
