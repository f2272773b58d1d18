"""The synthetic county generator (`./navet synth`); see docs/synth.md.

Entry points: `navet.synth.services.generate_to_parquet` and `generate_into_database`.
Pipeline: geography → organisation/staffing → population/identities → listing → hospital/ED →
living situation → visits, care requests, phone calls → tables/checks → writers or loader.
"""
