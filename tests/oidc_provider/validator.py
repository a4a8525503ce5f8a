from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """E-mail claims. A user whose last name is "Overifierad" has an unverified address."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "email": "email", "email_verified": "email"}

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": user.last_name != "Overifierad",
            "name": f"{user.first_name} {user.last_name}",
        }
