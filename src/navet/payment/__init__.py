"""Payment liability (kommunens betalningsansvar) under lag (2017:612): rule sets per county
agreement and year, and the monthly invoice basis per municipality. See docs/payment.md."""
