import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { IdentityService } from './identity.service';
import { LoginService } from './login.service';
import { SigningKeyService } from './signing-key.service';
import { TokenService } from './token.service';

@Module({
  controllers: [AuthController],
  providers: [SigningKeyService, TokenService, IdentityService, LoginService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService, SigningKeyService],
})
export class AuthModule {}
