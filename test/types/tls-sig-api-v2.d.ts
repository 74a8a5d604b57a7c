// Tencent's reference UserSig package ships no types; only what the tests use is declared.
declare module 'tls-sig-api-v2' {
  class Api {
    constructor(sdkappid: number, key: string);
    genSig(userid: string, expire: number, userBuf?: Buffer | null): string;
    genUserSig(userid: string, expire: number): string;
  }
  const TLSSigAPIv2: { Api: typeof Api };
  export default TLSSigAPIv2;
}
