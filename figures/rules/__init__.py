"""What a valid row is: the table declarations, the bound rule table, dates, numbers in text, problems."""
