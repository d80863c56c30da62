"""conflict-figures: curated claims about the 2016-2017 battles for Mosul, Raqqa and Aleppo."""
