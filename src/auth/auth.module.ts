import { Module } from '@nestjs/common';
import { OidcLoginController } from './oidc-login.controller';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { IdentityService } from './identity.service';
import { LoginThrottle } from './login-throttle';
import { LoginService } from './login.service';
import { OidcDiscoveryService } from './oidc-discovery.service';
import { SigningKeyService } from './signing-key.service';
import { SessionService } from './session.service';
import { TokenService } from './token.service';

@Module({
  controllers: [AuthController, OidcLoginController],
  providers: [SigningKeyService, OidcDiscoveryService, TokenService, SessionService, IdentityService, LoginService, LoginThrottle, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService, SessionService, SigningKeyService, LoginThrottle],
})
export class AuthModule {}
