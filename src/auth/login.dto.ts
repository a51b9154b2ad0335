import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'burgemeester@voorbeeldstad.nl' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Voorbeeld-2026!' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;
}

export class AccessTokenDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Lifetime in seconds' }) expiresIn: number;
}
