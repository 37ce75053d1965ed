"""The dues cycle: fee rules by category, region and population band, decisions that waive or
reduce, the year's issuing in one step, invoice and credit-note documents, their mail and reminders.
Its writes are in `dues/services.py`, its reads in `dues/selectors.py`; pages in views/dues.py."""
