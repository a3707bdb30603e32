export type { JwtProviderOptions, JwtProviderResponse, SsoRedirectOptions } from "./jwt-provider";
export {
  createJwtProviderHandler,
  createSsoRedirectHandler,
  jwtProviderMiddleware,
} from "./jwt-provider";
export type { GuestEmbedPayload, GuestEmbedResource } from "./sign-guest-embed-token";
export { signGuestEmbedToken } from "./sign-guest-embed-token";
export type { AttributeValue, SignSsoTokenOptions, SsoUser } from "./sign-sso-token";
export { signSsoToken } from "./sign-sso-token";
