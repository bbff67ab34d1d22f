"""Build a claim from an order: the one entry point the GUI, CLI and store share.

``build_claim(order, reference)`` → ``Claim``; ``parse_order(data)`` reads order-v1;
``claim_to_dict(claim)`` writes claim-v1.
"""
