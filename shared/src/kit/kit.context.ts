/** Who is asking, as the gateway vouches (see auth/). */
export interface Principal {
  subject: string;
  roles: string[];
  /** The agency a reporter writes for. */
  agencyCode?: string | null;
}

export interface KitContext {
  principal?: Principal | null;
}
