import { Organisation } from '../orgs/organisation.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [Organisation, User];
