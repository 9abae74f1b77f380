// @ffmpeg-installer/ffmpeg ships no types: it exports where its platform package put the binary.
declare module '@ffmpeg-installer/ffmpeg' {
  const ffmpeg: { path: string; version: string; url: string };
  export default ffmpeg;
}
